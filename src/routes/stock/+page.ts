// The stock screen moved to the home route: an old bookmark or shortcut lands there.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';

export function load(): never {
  redirect(308, resolve('/'));
}
