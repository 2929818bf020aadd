// What the console shows, in one place. The module is named once here, so that a module switcher
// has one thing to change.

export const MODULE = "Leads";

export const state = {
  token: null,
  fields: [], columns: [], views: [],
  page: 1, more: false, sort: null, search: "", view: "",
  records: [], selected: new Set(), allInView: false,
  // Whether the record page was opened from the list, so that "Back to the list" can go back in history.
  fromList: false,
};
