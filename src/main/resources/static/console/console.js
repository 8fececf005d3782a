// htmx takes the CSRF header from the body's hx-headers; forms carry the token as a hidden field.
// A page that needs more script has its own file beside this one.
