/*
 * The rich-text editor's menu in the admin's language.
 *
 * django-prose-editor (0.28) asks Django's JavaScript catalog (window.gettext, from the admin's jsi18n page) for
 * the words of its dialogs, but names most of its menu buttons in plain English ("bold", "heading 2",
 * "insert link"): those never reach gettext. This extension gives every menu item a tooltip, an accessible name
 * and a dropdown text through gettext, in the language of the page (/admin/: Vietnamese, /en/admin/: English).
 *
 * The editor loads it itself, like any custom extension: settings.DJANGO_PROSE_EDITOR_EXTENSIONS names this
 * file for the "LocalizedMenu" extension, which news/admin/richtext.py turns on. The Vietnamese of the strings
 * below is in locale/vi/LC_MESSAGES/djangojs.po (`make messages`); the editor's own strings (dialogs) are in
 * locale_overrides/vi/LC_MESSAGES/djangojs.po.
 */
import { Extension, gettext } from "django-prose-editor/editor"

function format(text, value) {
  return text.replace("%s", value)
}

// Menu items by the name the editor defines them under (its menu.js, link.js, table.js, figure.js, html.js).
function labels() {
  return {
    paragraph: gettext("Paragraph"),
    bulletList: gettext("Bulleted list"),
    orderedList: gettext("Numbered list"),
    blockquote: gettext("Quotation"),
    horizontalRule: gettext("Horizontal line"),
    figure: gettext("Insert image"),
    bold: gettext("Bold"),
    italic: gettext("Italic"),
    underline: gettext("Underline"),
    strike: gettext("Strikethrough"),
    subscript: gettext("Subscript"),
    superscript: gettext("Superscript"),
    "textAlign:left": gettext("Align left"),
    "textAlign:center": gettext("Center"),
    "textAlign:right": gettext("Align right"),
    "textAlign:justify": gettext("Justify"),
    link: gettext("Insert link"),
    unlink: gettext("Remove link"),
    table: gettext("Insert table"),
    "table:addColumnAfter": gettext("Add column"),
    "table:deleteColumn": gettext("Delete column"),
    "table:addRowAfter": gettext("Add row"),
    "table:deleteRow": gettext("Delete row"),
    "table:mergeCells": gettext("Merge cells"),
    "table:splitCell": gettext("Split cell"),
    "table:toggleHeaderCell": gettext("Header cell on or off"),
    "table:deleteTable": gettext("Delete table"),
    "history:undo": gettext("Undo"),
    "history:redo": gettext("Redo"),
    html: gettext("Edit HTML"),
  }
}

function labelOf(name, known) {
  const heading = /^heading(\d)$/.exec(name)
  if (heading) {
    return format(gettext("Heading %s"), heading[1])
  }
  return known[name]
}

export const LocalizedMenu = Extension.create({
  name: "localizedMenu",
  // After every other extension: the menu asks each in turn for its items, so all are defined when ours runs.
  priority: 1,

  addMenuItems({ _definedItems }) {
    const known = labels()
    for (const [name, item] of Object.entries(_definedItems)) {
      const label = labelOf(name, known)
      if (!label) {
        continue
      }
      if (item.button) {
        item.button.title = label
        item.button.setAttribute("aria-label", label)
      }
      if (item.option) {
        item.option.textContent = label
      }
    }
  },
})
