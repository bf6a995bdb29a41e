// The console's shell: signing in (through Gatehouse's login page), the navigation and a hash
// router (#/users/alice). The navigation and "Sign out" show only while signed in.
import { startSignIn, finishSignIn, signOut, user, onSignedOut } from './api.js';
import { clear, errorText } from './ui.js';
import * as sessions from './pages/sessions.js';
import * as users from './pages/users.js';
import * as clients from './pages/clients.js';
import * as policies from './pages/policies.js';
import * as status from './pages/status.js';
import * as resources from './pages/resources.js';

const pages = { sessions, users, clients, policies, status, resources };
const $ = (id) => document.getElementById(id);
/** Set just before the browser leaves for the end-session endpoint: its way back shows the button at once. */
const SIGNED_OUT = 'gatehouse-console.signed-out';

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
  } else {
    const me = user();
    $('who-name').textContent = `Signed in as ${me.userName || me.preferred_username || me.email || me.id || me.sub}`;
  }
}

/** The sign-in panel with its button, and a message (none, a status, or an error). */
function offerSignIn({ error = '', note = '' } = {}) {
  $('sign-in-error').textContent = error;
  $('sign-in-status').textContent = note;
  $('sign-in-button').disabled = false;
  $('sign-in-button').textContent = 'Sign in';
  route();
  $('sign-in-button').focus();
}

async function signIn(silent) {
  const button = $('sign-in-button');
  button.disabled = true;
  button.textContent = 'Signing in…';
  $('sign-in-error').textContent = '';
  try {
    await startSignIn({ silent }); // the browser leaves this page
  } catch (e) {
    offerSignIn({ error: errorText(e) });
  }
}

async function start() {
  showSignIn(true);
  $('sign-in-button').disabled = true;
  $('sign-in-status').textContent = 'Signing in…';
  let answer;
  try {
    answer = await finishSignIn();
  } catch (e) {
    offerSignIn({ error: errorText(e) });
    return;
  }
  if (answer && answer.signedIn) {
    $('sign-in-status').textContent = '';
    route();
    $('main').focus();
  } else if (answer) {
    // login_required (and its kin) after a silent try just means: not signed in at Gatehouse.
    const quiet = answer.silent && ['login_required', 'consent_required', 'interaction_required'].includes(answer.error);
    offerSignIn({ error: quiet ? '' : answer.message });
  } else if (sessionStorage.getItem(SIGNED_OUT)) {
    sessionStorage.removeItem(SIGNED_OUT);
    offerSignIn({ note: 'You signed out.' });
  } else {
    signIn(true);
  }
}

$('sign-in-button').addEventListener('click', () => signIn(false));

$('sign-out').addEventListener('click', () => {
  sessionStorage.setItem(SIGNED_OUT, '1');
  signOut();
});

onSignedOut((reason) => {
  if (reason) {
    offerSignIn({ error: reason });
  } else {
    route();
  }
});

window.addEventListener('hashchange', route);
start();
