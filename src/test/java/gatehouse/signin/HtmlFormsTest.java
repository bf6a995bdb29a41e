package gatehouse.signin;

import java.util.List;
import java.util.Map;

import gatehouse.testing.HtmlForms;
import gatehouse.testing.HtmlForms.Form;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tests' own HTML reader, on markup shaped like (and unlike) the server's pages. */
class HtmlFormsTest {

    private static final String LOGIN = """
            <!doctype html><html><head><title>Sign in</title></head><body>
            <!-- <form action="/commented-out"><input name="x"></form> -->
            <p class="error" role="alert">Wrong user name &amp; password&#33;<span> Try again.</span></p>
            <form method=POST action='/auth/login?a=1&amp;b=2' class="login">
              <label for="u">User name</label><input id="u" name="username" value="" autofocus>
              <label>Password <input type="password" name="password"></label>
              <input type="hidden" name="request" value="r&quot;1&gt;">
              <input type=hidden name=csrf value=abc-123>
              <input type="checkbox" name="remember">
              <input name="off" value="x" disabled>
              <textarea name="note">a &lt;b&gt;</textarea>
              <select name="lang"><option value="en">English</option><option value="de" selected>Deutsch</option></select>
              <button type="submit" name="decision" value="allow">Allow</button>
              <button name="decision" value="deny">Deny</button>
            </form></body></html>
            """;

    @Test
    void readsActionMethodAndEveryControl() {
        Form form = HtmlForms.form(LOGIN);
        assertEquals("/auth/login?a=1&b=2", form.action());
        assertEquals("post", form.method());
        assertEquals("r\"1>", form.value("request"));
        assertEquals("abc-123", form.value("csrf"));
        assertEquals("a <b>", form.value("note"));
        assertEquals("de", form.value("lang"));
        assertEquals(List.of("username", "password", "request", "csrf", "remember", "off", "note", "lang", "decision"),
                List.copyOf(form.names()));
    }

    @Test
    void submitsLikeABrowser() {
        Form form = HtmlForms.form(LOGIN);
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("username", "u1", "password", "p"));
        overrides.put("csrf", null); // removed
        assertEquals(List.of("username", "u1", "password", "p", "request", "r\"1>", "note", "a <b>", "lang", "de", "decision", "deny"),
                form.submission(overrides, "decision", "deny"));
        assertEquals(List.of("username", "", "password", "", "request", "r\"1>", "csrf", "abc-123", "note", "a <b>", "lang", "de", "extra", "1"),
                form.submission(Map.of("extra", "1")));
        assertThrows(AssertionError.class, () -> form.submission(Map.of(), "decision", "maybe"));
    }

    @Test
    void readsAlertsAndLabels() {
        assertEquals(List.of("Wrong user name & password! Try again."), HtmlForms.alerts(LOGIN));
        assertEquals(List.of("remember", "off", "note", "lang"), HtmlForms.unlabelledFields(LOGIN));
        assertTrue(HtmlForms.unlabelledFields("<input name=a aria-label='A'><input type=hidden name=b>").isEmpty());
        assertEquals(List.of("x y"), HtmlForms.alerts("<div role='alert'><div>x</div> y</div><div>z</div>"));
    }

    @Test
    void oneFormOrFail() {
        assertThrows(AssertionError.class, () -> HtmlForms.form("<p>no form</p>"));
        assertEquals(2, HtmlForms.forms("<form action=a></form><form action=b><input name=x></form>").size());
    }
}
