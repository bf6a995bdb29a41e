package gatehouse.session;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, as the authentication filter found it. */
@RequestScoped
public class CurrentCaller {

    private Caller caller = Caller.ANONYMOUS;

    public Caller get() {
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
