"""How documents stand towards one another, and the validity that follows from it (as vbpl.vn shows them).

A relation is entered once and reads "source kind target": "Kết luận 01-KL/TW implements Chỉ thị 05-CT/TW",
"Nghị định A replaces Nghị định B". Each document's page shows it from its own side ("Replaces" on A's page,
"Replaced by" on B's): ``SIDES`` names both. The target may be a document not in the registry yet, named by
its number and date (and type): a placeholder, which becomes a link by itself when that document is added
(``resolve_placeholders``, called when a document is saved) and which a deleted target turns back into.

Validity is derived, never stored (``validity_annotations``), from what the registry knows today:

1. set by hand (``Directive.validity_override``, with its reason): that, whatever else says;
2. ended by a relation taking effect by today (replaced or repealed as a whole): no longer in force, since
   that relation's date, by its document;
3. past its own expiry date: no longer in force, since then;
4. effective date to come: not yet in force;
5. amended, or replaced or repealed in part, by a relation taking effect by today: partly in force;
6. effective date passed: in force;
7. otherwise (no effective date recorded): not recorded. An issue date alone does not say a document is in
   force: Party documents rarely state when they take effect, and a registry should not claim what it does
   not know.

A relation takes effect on its own date if it has one, else when its document does (effective date, or issue
date when none is recorded).
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from news.references import normalize_number

from .directives import Directive, Validity, citation_of


class DocumentRelation(models.Model):
    """One document's stated relation to another (amends, replaces, guides...), shown on both documents' pages."""

    class Kind(models.TextChoices):
        # The labels read from the source's side: "[this document] amends or supplements [that one]".
        AMENDS = "amends", _("Amends or supplements")
        REPLACES = "replaces", _("Replaces")
        REPEALS = "repeals", _("Repeals")
        GUIDES = "guides", _("Guides or details")
        BASED_ON = "based_on", _("Is based on")
        CORRECTS = "corrects", _("Corrects")
        CONSOLIDATES = "consolidates", _("Consolidates")
        # A Party document carried out by a state one, or a later Party document continuing an earlier one.
        IMPLEMENTS = "implements", _("Implements")

    source = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="relations_from", verbose_name=_("document")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    # SET_NULL after the pre_delete receiver below has copied the deleted target's number and date here.
    target = models.ForeignKey(
        Directive,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relations_to",
        verbose_name=_("related document"),
    )
    target_number = models.CharField(
        _("number, if not in the registry"),
        max_length=60,
        blank=True,
        help_text=_("For a document not in the registry yet: it links by itself once that document is added."),
    )
    target_issued_on = models.DateField(_("issued on, if not in the registry"), null=True, blank=True)
    target_type = models.CharField(
        _("type, if not in the registry"), max_length=30, choices=Directive.DocumentType.choices, blank=True
    )
    parts = models.CharField(
        _("in part: which articles"),
        max_length=300,
        blank=True,
        help_text=_('E.g. "Điều 5; khoản 2 Điều 7". Leave empty when it concerns the whole document.'),
    )
    effective_on = models.DateField(
        _("takes effect on"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it takes effect with the document that states it."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("relation between documents")
        verbose_name_plural = _("relations between documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=F("source")),
                name="document_relation_not_to_itself",
                violation_error_message=_("A document cannot be related to itself."),
            ),
        ]
        # Not a UniqueConstraint: the admin's inline forms check unique_together (with the document the inline
        # belongs to), not constraints. Placeholders (no target) never clash: NULLs differ.
        unique_together = [("source", "kind", "target")]
        indexes = [models.Index(fields=["target_number", "target_issued_on"], name="document_relation_placeholder")]

    def __str__(self):
        return f"{self.source} → {self.get_kind_display()} → {self.target_citation}"

    @property
    def in_part(self):
        return bool(self.parts)

    @property
    def target_citation(self):
        if self.target_id:
            return self.target.citation
        return placeholder_citation(self.target_type, self.target_number, self.target_issued_on)

    def clean(self):
        self.target_number = normalize_number(self.target_number)
        # ``target`` rather than ``target_id``: in the admin's inline on a new document, the target is that
        # document, not saved yet.
        if self.target is not None:
            # A chosen document wins: what was typed for a placeholder would only contradict it.
            self.target_number, self.target_issued_on, self.target_type = "", None, ""
        elif not (self.target_number or self.target_issued_on):
            raise ValidationError(
                _("Choose the related document, or give its number and issue date if it is not in the registry.")
            )
        elif self.target_number and not self.target_issued_on:
            raise ValidationError(
                {"target_issued_on": _("Enter the issue date: a number alone does not identify a document.")}
            )

    def save(self, *args, **kwargs):
        self.target_number = normalize_number(self.target_number)
        if self.target_id is None and (self.target_number or self.target_issued_on):
            # Typed by number for a document the registry already has: link it now.
            self.target = placeholder_match(self.target_type, self.target_number, self.target_issued_on)
            if self.target is not None and self.target.pk != self.source_id:
                self.target_number, self.target_issued_on, self.target_type = "", None, ""
            else:
                self.target = None
        super().save(*args, **kwargs)


def placeholder_citation(document_type, number, issued_on):
    label = Directive.DocumentType(document_type).label if document_type else ""
    return citation_of(document_type, label, number, issued_on)


def _placeholder_query(document_type, number, issued_on):
    query = Q(number=number, issued_on=issued_on)
    if not number:  # a document without a number: its type and date must say which
        query &= Q(document_type=document_type, plenum__isnull=True)
    return query


def placeholder_match(document_type, number, issued_on):
    """The registry's one document a placeholder names, or None (none, or several without a number)."""
    if not issued_on or (not number and not document_type):
        return None
    found = list(Directive.objects.filter(_placeholder_query(document_type, number, issued_on))[:2])
    return found[0] if len(found) == 1 else None


def resolve_placeholders(directive):
    """Link the relations that named ``directive`` by number and date before it was in the registry.

    Returns the pks of their documents (their pages now link here). One query when nothing waits for it.
    """
    if not directive.issued_on:
        return []
    waiting = DocumentRelation.objects.filter(target__isnull=True, target_issued_on=directive.issued_on)
    if directive.number:
        waiting = waiting.filter(target_number=directive.number)
    else:
        waiting = waiting.filter(target_number="", target_type=directive.document_type)
    waiting = list(waiting.exclude(source=directive))
    if not waiting:
        return []
    if not directive.number and placeholder_match(directive.document_type, "", directive.issued_on) is None:
        return []  # two numberless documents of that type that day: which one is meant is not known
    taken = set(
        DocumentRelation.objects.filter(target=directive, source__in=[r.source_id for r in waiting])
        .values_list("source_id", "kind")
    )
    for relation in waiting:
        if (relation.source_id, relation.kind) in taken:
            relation.delete()  # the same relation was already entered with the document chosen
            continue
        relation.target = directive
        relation.target_number, relation.target_issued_on, relation.target_type = "", None, ""
        relation.save(update_fields=["target", "target_number", "target_issued_on", "target_type"])
    return [relation.source_id for relation in waiting]


def keep_relations_as_placeholders(instance, using="default"):
    """A deleted document's relations from others keep its number and date, to link again if it comes back."""
    relations = DocumentRelation.objects.using(using).filter(target=instance)
    if instance.number or instance.issued_on:
        relations.update(
            target_number=instance.number, target_issued_on=instance.issued_on, target_type=instance.document_type
        )
    # Then the target is emptied (SET_NULL); one with neither number nor date could not be found again.
    else:
        relations.delete()


# --- How each side names a relation -------------------------------------------------------------------------

K = DocumentRelation.Kind
# (kind, whether the page's document is the source) -> the heading on that page; the list filter's "relation"
# uses the same names for the documents it lists. Keys are also the filter's values in the URL.
SIDES = {
    "amends": (K.AMENDS, True, K.AMENDS.label),
    "amended-by": (K.AMENDS, False, _("Amended or supplemented by")),
    "replaces": (K.REPLACES, True, K.REPLACES.label),
    "replaced-by": (K.REPLACES, False, _("Replaced by")),
    "repeals": (K.REPEALS, True, K.REPEALS.label),
    "repealed-by": (K.REPEALS, False, _("Repealed by")),
    "guides": (K.GUIDES, True, K.GUIDES.label),
    "guided-by": (K.GUIDES, False, _("Guided or detailed by")),
    "based-on": (K.BASED_ON, True, K.BASED_ON.label),
    "basis-for": (K.BASED_ON, False, _("Basis for")),
    "corrects": (K.CORRECTS, True, K.CORRECTS.label),
    "corrected-by": (K.CORRECTS, False, _("Corrected by")),
    "consolidates": (K.CONSOLIDATES, True, K.CONSOLIDATES.label),
    "consolidated-by": (K.CONSOLIDATES, False, _("Consolidated by")),
    "implements": (K.IMPLEMENTS, True, K.IMPLEMENTS.label),
    "implemented-by": (K.IMPLEMENTS, False, _("Implemented by")),
}
SIDE_OF = {(kind, is_source): key for key, (kind, is_source, _label) in SIDES.items()}


# --- Validity -------------------------------------------------------------------------------------------------

ENDING = [K.REPLACES, K.REPEALS]


def _in_effect(today):
    """Relations that have taken effect by ``today``, with their date as ``takes_effect``."""
    return DocumentRelation.objects.annotate(
        takes_effect=Coalesce("effective_on", "source__effective_on", "source__issued_on")
    ).filter(takes_effect__lte=today)


def _ending(relations):
    return relations.filter(kind__in=ENDING, parts="")


def _partial(relations):
    return relations.filter(Q(kind=K.AMENDS) | Q(kind__in=ENDING) & ~Q(parts=""))


def _rules(today, for_filter=False):
    """The derivation's steps 2-6 in order, as (condition, validity).

    The same conditions spelled two ways for the database. Annotating a page's few documents: EXISTS, looked
    up per document in the relations' target index. Filtering all documents (``for_filter``): ``pk IN`` the
    targets of such relations, each list read once; under the OR of a hand-set value, PostgreSQL estimates a
    correlated EXISTS over 10,000 documents so costly that it compiles the query (JIT) for longer than it runs.
    """
    in_effect = _in_effect(today)

    def related(relations):
        if for_filter:
            return Q(pk__in=relations.values("target_id"))
        return Q(Exists(relations.filter(target=OuterRef("pk"))))

    return [
        (related(_ending(in_effect)), Validity.EXPIRED),
        (Q(expires_on__lte=today), Validity.EXPIRED),
        (Q(effective_on__gt=today), Validity.NOT_YET),
        (related(_partial(in_effect)), Validity.PARTLY_IN_FORCE),
        (Q(effective_on__lte=today), Validity.IN_FORCE),
    ]


def validity_annotations(today, details=False):
    """The annotations of ``Directive.objects.with_validity()``: the rule of this module's docstring, in SQL."""
    rules = _rules(today)
    code = Case(
        When(~Q(validity_override=""), then=F("validity_override")),
        *(When(condition, then=Value(value)) for condition, value in rules),
        default=Value(Validity.UNKNOWN),
        output_field=models.CharField(),
    )
    annotations = {"validity_code": code}
    if details:
        # The first relation that ended it: its date and its document (for the one document a page is about).
        ending = _ending(_in_effect(today)).filter(target=OuterRef("pk")).order_by("takes_effect", "pk")
        by_relation = Q(validity_override="") & rules[0][0]
        by_date = Q(validity_override="") & rules[1][0]
        annotations["validity_ended_on"] = Case(
            When(by_relation, then=Subquery(ending.values("takes_effect")[:1])),
            When(by_date, then=F("expires_on")),
            default=None,
            output_field=models.DateField(),
        )
        annotations["validity_ended_by_id"] = Case(
            When(by_relation, then=Subquery(ending.values("source_id")[:1])),
            default=None,
            output_field=models.BigIntegerField(),
        )
    return annotations


def validity_is(value, today):
    """A filter for documents whose validity is ``value``: the same rules as the annotation, spelled as
    conditions the database plans with (a filter on the CASE expression would evaluate it for every document)."""
    derived, earlier = Q(pk__in=[]), Q()
    for condition, rule_value in _rules(today, for_filter=True):
        if rule_value == value:
            derived |= earlier & condition
        earlier &= ~condition
    if value == Validity.UNKNOWN:
        derived = earlier
    return Q(validity_override=value) | Q(validity_override="") & derived
