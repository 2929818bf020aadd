// Small DOM helpers: elements are built with textContent, never from HTML strings.

import { lookupModule } from "./state.js";

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

/**
 * A field's value as a node: a lookup as a link to the record it points at, on that record's page in
 * its module (#/Accounts/{id}), named by the record's name; anything else as text.
 */
export function valueNode(field, value) {
  const target = lookupModule(field);
  if (target && value && typeof value === "object" && value.id) {
    return element("a", { href: `#/${encodeURIComponent(target)}/${value.id}`, class: "lookup", "data-module": target }, display(value));
  }
  return document.createTextNode(display(value));
}

/** Shows one page of the signed-in console, "list" or "record", and hides the other. */
export function showPage(name) {
  $("list").hidden = name !== "list";
  $("record").hidden = name !== "record";
}
