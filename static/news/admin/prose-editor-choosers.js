/*
 * The body editor's choosers: "Ảnh từ thư viện" (a picture of the image library, found by searching, or uploaded
 * in the same dialog) and "Liên kết nội bộ" (a link to an article, a document or an organization, picked).
 *
 * What they insert carries a reference that the server keeps (news/sanitize.py) and reads when the page is shown
 * (news/internal_links.py): <img data-image="12"> in a <figure> with the library's caption, and
 * <a href="/current/address/" data-link="article:12"> (or directive:, organization:). So a link follows its
 * target when a slug or a section changes, and a picture shows its current rendition.
 *
 * Loaded by the editor itself (settings.DJANGO_PROSE_EDITOR_EXTENSIONS, for the "Choosers" extension that
 * news/admin/richtext.py turns on for article bodies, with the choosers' URLs and the tab's language). The module
 * also exports Image and Link: the editor builds its extensions by name from every loaded module's exports, so
 * these replace its own with versions that keep the two attributes (the editor's would drop them on load).
 * The answers come from news/admin/choosers.py. Words: gettext (Vietnamese in locale/vi/LC_MESSAGES/djangojs.po).
 */
import {
  Image as EditorImage,
  Extension,
  Link as EditorLink,
  crel,
  gettext,
} from "django-prose-editor/editor"

// A reference (data-image, data-link) and the address it was made with, which is not written out: when the
// address is changed by hand (the editor's own image or link dialog), the reference no longer says where the
// element leads and is left out, so the page shows what was typed.
const referenceAttributes = (name, dataName, pattern, addressName) => ({
  [name]: {
    default: null,
    parseHTML: (element) => {
      const value = element.getAttribute(dataName)
      return value && pattern.test(value) ? value : null
    },
    renderHTML: (attributes) =>
      attributes[name] && attributes[addressName] === attributes[`${name}Address`]
        ? { [dataName]: attributes[name] }
        : {},
  },
  [`${name}Address`]: {
    default: null,
    parseHTML: (element) => element.getAttribute(addressName),
    renderHTML: () => ({}),
  },
})

// The same forms as news/sanitize.py accepts.
const IMAGE_REFERENCE = /^[1-9][0-9]{0,17}$/
const LINK_REFERENCE = /^(article|directive|organization):[1-9][0-9]{0,17}$/

export const Image = EditorImage.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      ...referenceAttributes("image", "data-image", IMAGE_REFERENCE, "src"),
    }
  },
})

export const Link = EditorLink.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      ...referenceAttributes("reference", "data-link", LINK_REFERENCE, "href"),
    }
  },
})

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  if (field) return field.value
  const cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)
  return cookie ? decodeURIComponent(cookie[1]) : ""
}

async function getJSON(url, params) {
  const query = new URLSearchParams(params)
  const response = await fetch(`${url}?${query}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
  if (!response.ok) throw new Error(String(response.status))
  return response.json()
}

let dialogCount = 0

// A modal dialog (focus kept inside, Escape closes) appended to the page, outside the admin's form: its own
// forms then submit themselves, and nothing of it is sent with the article.
function openDialog(title, className) {
  const id = `choosers-dialog-${++dialogCount}`
  const heading = crel("h2", {
    id: `${id}-title`,
    className: "prose-editor-dialog-title",
    textContent: title,
  })
  const close = crel("button", {
    type: "button",
    className: "choosers-close",
    textContent: gettext("Close"),
  })
  const body = crel("div", { className: "choosers-body" })
  const dialog = crel(
    "dialog",
    {
      className: `prose-editor-dialog choosers-dialog ${className}`,
      "aria-labelledby": `${id}-title`,
    },
    [crel("div", { className: "choosers-head" }, [heading, close]), body],
  )
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  document.body.append(dialog)
  return { dialog, body, id }
}

function searchForm(id, label, onSearch) {
  const input = crel("input", {
    id: `${id}-q`,
    type: "search",
    autocomplete: "off",
  })
  const button = crel("button", { type: "submit", textContent: gettext("Search") })
  const form = crel("form", { className: "choosers-search", role: "search" }, [
    crel("label", { htmlFor: `${id}-q`, textContent: label }),
    crel("div", { className: "choosers-search-row" }, [input, button]),
  ])
  let timer = null
  form.addEventListener("submit", (event) => {
    event.preventDefault()
    clearTimeout(timer)
    onSearch(input.value)
  })
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(() => onSearch(input.value), 300)
  })
  return { form, input }
}

// A list of results (each a button) with a status line read out by screen readers and a "more" button.
function resultList(id, fetchPage, renderItem, onChoose, emptyText) {
  const status = crel("p", {
    id: `${id}-status`,
    className: "choosers-status",
    role: "status",
  })
  const list = crel("ul", { className: "choosers-results" })
  const more = crel("button", {
    type: "button",
    className: "choosers-more",
    textContent: gettext("Show more"),
    hidden: true,
  })
  let query = ""
  let page = 1
  let serial = 0

  async function load(reset) {
    const mine = ++serial
    if (reset) page = 1
    status.textContent = gettext("Searching…")
    let data
    try {
      data = await fetchPage(query, page)
    } catch (_error) {
      if (mine === serial)
        status.textContent = gettext("The list could not be loaded. Try again.")
      return
    }
    if (mine !== serial) return // a newer search answered first
    if (reset) list.textContent = ""
    for (const item of data.results) {
      const button = crel("button", { type: "button", className: "choosers-choice" }, renderItem(item))
      button.addEventListener("click", () => onChoose(item))
      list.append(crel("li", {}, [button]))
    }
    more.hidden = !data.has_next
    status.textContent = list.children.length
      ? interpolate(gettext("%s found."), [list.children.length])
      : emptyText
  }

  more.addEventListener("click", () => {
    page += 1
    load(false)
  })

  return {
    dom: [status, list, more],
    search(value) {
      query = value
      load(true)
    },
  }
}

function interpolate(text, values) {
  if (window.interpolate) return window.interpolate(text, values)
  let index = 0
  return text.replace(/%s/g, () => String(values[index++]))
}

function figureContent(picture) {
  const content = [
    {
      type: "image",
      attrs: {
        src: picture.src,
        alt: picture.alt,
        image: String(picture.id),
        imageAddress: picture.src,
      },
    },
  ]
  if (picture.caption) {
    content.push({ type: "caption", content: [{ type: "text", text: picture.caption }] })
  }
  return { type: "figure", content }
}

function insertPicture(editor, picture) {
  editor.chain().focus().insertContent(figureContent(picture)).run()
}

function uploadForm(id, options, onUploaded) {
  const field = (name, label, attrs = {}) => {
    const input = crel("input", { id: `${id}-${name}`, name, ...attrs })
    return crel("div", { className: "prose-editor-dialog-field" }, [
      crel("label", { htmlFor: input.id, textContent: label }),
      input,
    ])
  }
  const error = crel("p", { className: "choosers-error errornote", role: "alert", hidden: true })
  const submit = crel("button", { type: "submit", textContent: gettext("Upload and insert") })
  const form = crel("form", { className: "choosers-upload" }, [
    crel("fieldset", {}, [
      crel("legend", { textContent: gettext("Upload a new picture") }),
      field("file", gettext("Picture file (JPEG, PNG, WebP or GIF)"), {
        type: "file",
        accept: "image/jpeg,image/png,image/webp,image/gif",
        required: true,
      }),
      field("caption", gettext("Caption under the picture"), { type: "text", maxLength: 300 }),
      field("alt", gettext("Alternative text (what the picture shows)"), {
        type: "text",
        maxLength: 300,
      }),
      field("credit", gettext("Credit (photographer or source)"), {
        type: "text",
        maxLength: 200,
      }),
      error,
      submit,
    ]),
  ])
  form.addEventListener("submit", async (event) => {
    event.preventDefault()
    error.hidden = true
    const data = new FormData(form)
    data.append("lang", options.language || "vi")
    submit.disabled = true
    try {
      const response = await fetch(options.upload, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      })
      const answer = await response.json().catch(() => ({}))
      if (response.ok) {
        onUploaded(answer)
        return
      }
      const messages = Object.values(answer.errors || {}).flat()
      error.textContent = messages.length
        ? messages.join(" ")
        : gettext("The picture could not be uploaded. Try again.")
    } catch (_error) {
      error.textContent = gettext("The picture could not be uploaded. Try again.")
    } finally {
      submit.disabled = false
    }
    error.hidden = false
  })
  return form
}

function openPictureChooser(editor, options) {
  const { dialog, body, id } = openDialog(gettext("Picture from the library"), "choosers-pictures")
  const results = resultList(
    id,
    (q, page) =>
      getJSON(options.images, { q, page, lang: options.language || "vi" }),
    (picture) => [
      crel("img", { src: picture.thumbnail, alt: "" }),
      crel("span", { className: "choosers-label", textContent: picture.label }),
    ],
    (picture) => {
      dialog.close()
      insertPicture(editor, picture)
    },
    gettext("No picture matches."),
  )
  const search = searchForm(id, gettext("Search pictures by caption or description"), results.search)
  body.append(
    search.form,
    ...results.dom,
    uploadForm(id, options, (picture) => {
      dialog.close()
      insertPicture(editor, picture)
    }),
  )
  dialog.showModal()
  search.input.focus()
  results.search("")
}

const LINK_KINDS = () => [
  ["article", gettext("Article")],
  ["directive", gettext("Document")],
  ["organization", gettext("Organization")],
]

function linkTo(editor, target) {
  const attrs = {
    href: target.url,
    reference: target.link,
    referenceAddress: target.url,
    target: null,
    rel: null,
  }
  let chain = editor.chain().focus()
  chain = editor.isActive("link")
    ? chain.extendMarkRange("link").updateAttributes("link", attrs)
    : chain.setMark("link", attrs)
  // The caret after the linked words: writing goes on from there, outside the link (the editor's links take in
  // what is typed at their end).
  chain
    .command(({ tr, state }) => {
      tr.setSelection(tr.selection.constructor.near(tr.doc.resolve(tr.selection.to)))
      tr.removeStoredMark(state.schema.marks.link)
      return true
    })
    .run()
}

function openLinkChooser(editor, options) {
  const { dialog, body, id } = openDialog(gettext("Internal link"), "choosers-links")
  const current = editor.getAttributes("link").reference || ""
  let kind = LINK_KINDS().some(([value]) => current.startsWith(`${value}:`))
    ? current.split(":")[0]
    : "article"
  const results = resultList(
    id,
    (q, page) =>
      getJSON(options.links, { kind, q, page, lang: options.language || "vi" }),
    (target) => [
      crel("span", { className: "choosers-label", textContent: target.label }),
      crel("span", { className: "choosers-detail", textContent: target.detail || "" }),
    ],
    (target) => {
      dialog.close()
      linkTo(editor, target)
    },
    gettext("Nothing matches."),
  )
  const search = searchForm(id, gettext("Search by title, number or name"), results.search)
  const kinds = crel("fieldset", { className: "choosers-kinds" }, [
    crel("legend", { textContent: gettext("Link to") }),
    ...LINK_KINDS().map(([value, label]) => {
      const radio = crel("input", {
        type: "radio",
        name: `${id}-kind`,
        id: `${id}-kind-${value}`,
        value,
        checked: value === kind,
      })
      radio.addEventListener("change", () => {
        kind = value
        results.search(search.input.value)
      })
      return crel("span", { className: "choosers-kind" }, [
        radio,
        crel("label", { htmlFor: radio.id, textContent: label }),
      ])
    }),
  ])
  body.append(kinds, search.form, ...results.dom)
  dialog.showModal()
  search.input.focus()
  results.search("")
}

export const Choosers = Extension.create({
  name: "choosers",

  addOptions() {
    return { images: null, upload: null, links: null, language: "vi" }
  },

  addMenuItems({ menu, buttons }) {
    const options = this.options
    if (options.images) {
      const label = gettext("Picture from the library")
      menu.defineItem({
        name: "choosers:picture",
        groups: "nodes",
        command(editor) {
          openPictureChooser(editor, options)
        },
        enabled(editor) {
          return editor.isEditable
        },
        button: buttons.material("photo_library", label),
        option: crel("p", { textContent: label }),
      })
    }
    if (options.links) {
      const label = gettext("Internal link")
      menu.defineItem({
        name: "choosers:link",
        groups: "link",
        command(editor) {
          openLinkChooser(editor, options)
        },
        enabled(editor) {
          return !editor.state.selection.empty || editor.isActive("link")
        },
        active(editor) {
          return !!editor.getAttributes("link").reference
        },
        button: buttons.material("add_link", label),
      })
    }
  },
})
