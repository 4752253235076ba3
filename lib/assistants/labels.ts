// What a label may be, for the API's schema and the History page's input alike (no imports: the
// browser bundle stays free of the server's modules).

export const LABEL_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
export const LABEL_RULE = "must be 1–40 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit";
