// Preact with htm: components written as tagged templates, no build step. Preact puts every interpolated value
// into the page as a text node or an attribute value, never as markup: this is where store text is escaped.
// The one exception is lib/markdown.js, which sanitises what it renders.
import { h, render, Fragment } from '../vendor/preact.js';
import { useCallback, useEffect, useMemo, useRef, useState } from '../vendor/preact-hooks.js';
import htm from '../vendor/htm.js';

export const html = htm.bind(h);
export { render, Fragment, useCallback, useEffect, useMemo, useRef, useState };
