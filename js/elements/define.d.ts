// Importing "policy-widget/elements/define" registers the four elements under their default tags.
/** Registers all four elements in `registry` (default: the page's). */
export declare function defineAll(registry?: CustomElementRegistry): void;
