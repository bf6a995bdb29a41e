package gatehouse.telemetry;

/**
 * One audit event as recorded: who, through which client and Session, from where,
 * and how it ended. References are ids; none of the fields ever holds a password,
 * a secret or a token. {@code reason} says why a Session closed; {@code detail}
 * names the resource written ({@code Client/myapp}).
 */
public record AuditRecord(String id, String type, long recorded, String user, String client, String session,
                          String source, String outcome, String reason, String detail) {
}
