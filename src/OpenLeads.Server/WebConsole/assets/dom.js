// Small DOM helpers: elements are built with textContent, never from HTML strings.

export const $ = (id) => document.getElementById(id);

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

/** A field value as text: lists joined, users and lookups by name. */
export function display(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return value.name ?? value.id ?? "";
  return String(value);
}

/** Shows one page of the signed-in console, "list" or "record", and hides the other. */
export function showPage(name) {
  $("leads").hidden = name !== "list";
  $("record").hidden = name !== "record";
}
