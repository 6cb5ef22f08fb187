"""Downloads of attached files: under their original name, as attachments, never sniffed, never a draft's.

Files are stored under server-chosen names; this view is the public way to them. An attachment is
downloadable when its article is public in the page's language (ArticleQuerySet.published()); otherwise only
to staff whom the workflow lets see the article (``workflow.can_view``, as for its preview: a writer their own
drafts, editors any). Anything else is a 404, as for the article itself.
"""
import mimetypes
import posixpath

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from news import workflow
from news.models import Article, Attachment


def file_download(field_file, name=None, private=False):
    """A stored file as a download under ``name`` (default: its stored name), never sniffed; ``private``: for the
    one who asked only, kept by no cache on the way. A file gone from the storage is a 404. The one way the site
    hands out stored files (attachments here, drafts' files and commenters' attachments in consultation/)."""
    name = name or posixpath.basename(field_file.name)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("article"), pk=pk)
    public = Article.objects.published().filter(pk=item.article_id).exists()
    if not public and not (request.user.is_staff and workflow.can_view(request.user, item.article)):
        raise Http404
    return file_download(item.file, item.original_name, private=not public)
