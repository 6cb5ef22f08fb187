"""Every public page, in both languages, checked in a real browser: axe-core (WCAG 2.2 AA rules), one <h1>,
the page's language on <html>, and a text alternative on every image."""
import pytest

VI_ARTICLE = "/tin-tuc/hoat-dong-dang-doan-the/ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi-cac-co-quan-trung-uong/"
EN_ARTICLE = (
    "/en/news/party-and-mass-organization-activities/"
    "17th-anniversary-of-the-founding-of-the-party-committee-of-central-agencies/"
)

# The pages checked, as (name, language, path) on the demo data. Add new pages here (directives,
# organizations, search, ...), one line per language; every test below runs on each.
PAGES = [
    ("home", "vi", "/"),
    ("home", "en", "/en/"),
    ("article", "vi", VI_ARTICLE),
    ("article", "en", EN_ARTICLE),
    ("section", "vi", "/chuyen-muc/hoat-dong-dang-doan-the/"),
    ("section", "en", "/en/sections/party-and-mass-organization-activities/"),
    ("documents", "vi", "/van-ban/"),
    ("documents", "en", "/en/documents/?type=chi-thi"),
    ("document", "vi", "/van-ban/chi-thi-05-ct-tw-2016-05-15/"),
    ("document", "en", "/en/documents/nghi-quyet-12-nq-tw-2012-01-16/"),
    ("organizations", "vi", "/to-chuc/"),
    ("organization", "vi", "/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/"),
    ("organization", "en", "/en/organizations/dang-bo-khoi-cac-co-quan-trung-uong/"),
    ("search", "vi", "/tim-kiem/?q=dang+bo+khoi"),
    ("search", "en", "/en/search/?q=party+committee"),
    ("search-error", "vi", "/tim-kiem/?q=%21%21%21"),
    ("about", "vi", "/gioi-thieu/"),
    ("about", "en", "/en/about/"),
    ("access-to-information", "vi", "/tiep-can-thong-tin/"),
    ("access-to-information", "en", "/en/access-to-information/"),
    ("site-map", "vi", "/so-do-trang/"),
    ("site-map", "en", "/en/site-map/"),
    ("drafts", "vi", "/du-thao/"),
    ("drafts", "en", "/en/drafts/"),
    ("draft", "vi", "/du-thao/du-thao-thong-tu-huong-dan-cong-khai-thong-tin-ve-ke-hoach-dau-tu-cong/"),
    ("draft", "en", "/en/drafts/du-thao-quyet-dinh-quy-che-tiep-nhan-xu-ly-phan-anh-kien-nghi/"),
    ("draft-comment", "vi", "/du-thao/du-thao-thong-tu-huong-dan-cong-khai-thong-tin-ve-ke-hoach-dau-tu-cong/gop-y/"),
    ("not-found", "vi", "/khong-co-trang-nay/"),
    ("not-found", "en", "/en/no-such-page/"),
]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
BLOCKING_IMPACTS = {"serious", "critical"}

each_page = pytest.mark.parametrize(
    ("language", "path"), [pytest.param(language, path, id=f"{name}-{language}") for name, language, path in PAGES]
)


NOT_FOUND = {path for name, _language, path in PAGES if name == "not-found"}


def open_page(page, path):
    response = page.goto(path)
    expected = 404 if path in NOT_FOUND else 200  # the 404 page must be as usable as any other
    assert response is not None and response.status == expected, f"{path}: HTTP {response and response.status}"


def describe(violations):
    """One block per violation, with what a developer needs to find and fix it."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:3]:
            lines.append(f"  at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"  ... and {len(violation['nodes']) - 3} more")
    return "\n".join(lines)


@each_page
def test_no_serious_or_critical_axe_violations(axe, page, language, path):
    open_page(page, path)
    result = axe(page, AXE_OPTIONS)
    violations = result["violations"]
    if violations:  # shown with the failure, or with pytest -s / -rP
        print(f"axe-core {result['testEngine']['version']} on {path}:\n{describe(violations)}")
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious or critical problems on {path}:\n{describe(blocking)}"


@each_page
def test_one_h1_the_page_language_and_image_alternatives(page, language, path):
    open_page(page, path)
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{path}: expected exactly one <h1>, found {headings}"
    assert page.locator("html").get_attribute("lang") == language
    # Every image says what it shows. The only exception is an image marked decorative on purpose: alt=""
    # and hidden from assistive technology (inside aria-hidden="true", or role="presentation"/"none").
    missing = page.eval_on_selector_all(
        "img",
        """images => images
            .filter(image => !(image.getAttribute('alt') || '').trim())
            .filter(image => !(image.getAttribute('alt') === ''
                               && (image.closest('[aria-hidden="true"]')
                                   || ['presentation', 'none'].includes(image.getAttribute('role')))))
            .map(image => image.outerHTML)""",
    )
    assert not missing, f"{path}: images without a text alternative: {missing}"
