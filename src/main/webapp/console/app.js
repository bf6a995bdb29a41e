// The console's shell: sign-in, the navigation and a hash router (#/users/alice).
import { signIn, signOut, user, onSignedOut } from './api.js';
import { clear, errorText } from './ui.js';
import * as sessions from './pages/sessions.js';
import * as users from './pages/users.js';
import * as clients from './pages/clients.js';
import * as policies from './pages/policies.js';
import * as status from './pages/status.js';
import * as resources from './pages/resources.js';

const pages = { sessions, users, clients, policies, status, resources };
const $ = (id) => document.getElementById(id);

function route() {
  const page = $('page');
  if (!user()) {
    clear(page);
    showSignIn(true);
    return;
  }
  showSignIn(false);
  const [name, ...rest] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const chosen = pages[name] ? name : 'sessions';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === '#/' + chosen) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  clear(page);
  pages[chosen].render(page, rest.filter((part) => part !== ''));
  document.title = `${document.querySelector('#nav a[aria-current]').textContent} · Gatehouse console`;
}

function showSignIn(shown) {
  $('sign-in').hidden = !shown;
  $('nav').hidden = shown;
  $('who').hidden = shown;
  if (shown) {
    document.title = 'Sign in · Gatehouse console';
    $('username').focus();
  } else {
    const me = user();
    $('who-name').textContent = `Signed in as ${me.userName || me.email || me.id}`;
  }
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = $('sign-in-button');
  const error = $('sign-in-error');
  error.textContent = '';
  button.disabled = true;
  button.textContent = 'Signing in…';
  try {
    await signIn($('username').value, $('password').value);
    $('password').value = '';
    route();
    $('main').focus();
  } catch (e) {
    error.textContent = errorText(e);
    $('password').select();
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
});

$('sign-out').addEventListener('click', () => signOut());

onSignedOut((reason) => {
  route();
  $('sign-in-error').textContent = reason.startsWith('You signed out') ? '' : reason;
});

window.addEventListener('hashchange', route);
route();
