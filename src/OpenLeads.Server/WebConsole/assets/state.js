// What the console shows, in one place. The module is the one the address names (#/Deals…); its
// fields and views are read when it is first shown and kept for the session.

export const state = {
  token: null,
  // The org's modules (GET /settings/modules), and the one shown with its fields, columns and views.
  modules: [], module: null, fields: [], columns: [], views: [],
  page: 1, more: false, sort: null, search: "", view: "",
  records: [], selected: new Set(), allInView: false,
  // Whether the record page was opened from the list, so that "Back to the list" can go back in history.
  fromList: false,
};

/** A module's display field (its records' name): v2 writes its api name, v8 an object. */
export const displayField = (module) => (typeof module?.display_field === "string" ? module.display_field : module?.display_field?.api_name);

/** The module a lookup field points at: v2 writes its api name, v8 an object. */
export const lookupModule = (field) => (typeof field?.lookup?.module === "string" ? field.lookup.module : field?.lookup?.module?.api_name);
