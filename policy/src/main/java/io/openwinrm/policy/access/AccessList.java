package io.openwinrm.policy.access;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Who may use an endpoint (the security descriptor of a Windows session configuration, {@code
 * Set-PSSessionConfiguration -ShowSecurityDescriptorUI}): allow and deny entries, <b>deny wins</b>, and nothing
 * matched means denied. The default admits only administrators and the members of
 * {@value #REMOTE_MANAGEMENT_GROUP}, as Windows admits only Administrators and Remote Management Users.
 */
public record AccessList(List<Principal> allow, List<Principal> deny) {

    /** The analog of Windows' Remote Management Users group. */
    public static final String REMOTE_MANAGEMENT_GROUP = "winrm-remote-management";

    /** Administrators and {@value #REMOTE_MANAGEMENT_GROUP}. */
    public static final AccessList DEFAULT = new AccessList(
            List.of(new Principal.Administrators(), new Principal.Group(REMOTE_MANAGEMENT_GROUP)), List.of());

    public AccessList {
        allow = List.copyOf(new LinkedHashSet<>(allow));
        deny = List.copyOf(new LinkedHashSet<>(deny));
    }

    /** Parses written principals (see {@link Principal#parse}). */
    public static AccessList parse(List<String> allow, List<String> deny) {
        return new AccessList(allow.stream().map(Principal::parse).toList(),
                deny.stream().map(Principal::parse).toList());
    }

    /** Deny entries first: any match refuses; then any allow entry admits; otherwise refused. */
    public AccessDecision check(Subject subject) {
        Objects.requireNonNull(subject, "subject");
        for (Principal p : deny) {
            if (p.matches(subject)) {
                return AccessDecision.deny(p);
            }
        }
        for (Principal p : allow) {
            if (p.matches(subject)) {
                return AccessDecision.allow(p);
            }
        }
        return AccessDecision.noMatch();
    }

    /** This list with {@code added} allowed (and no longer denied). */
    public AccessList withAllowed(List<Principal> added) {
        List<Principal> a = new ArrayList<>(allow);
        a.addAll(added);
        List<Principal> d = new ArrayList<>(deny);
        d.removeAll(added);
        return new AccessList(a, d);
    }

    /** This list with {@code added} denied (and no longer allowed). */
    public AccessList withDenied(List<Principal> added) {
        List<Principal> d = new ArrayList<>(deny);
        d.addAll(added);
        List<Principal> a = new ArrayList<>(allow);
        a.removeAll(added);
        return new AccessList(a, d);
    }

    /** This list without any entry for {@code removed}. */
    public AccessList without(List<Principal> removed) {
        List<Principal> a = new ArrayList<>(allow);
        a.removeAll(removed);
        List<Principal> d = new ArrayList<>(deny);
        d.removeAll(removed);
        return new AccessList(a, d);
    }

    /** Written form, e.g. {@code allow administrators, group:ops; deny user:bob}. */
    public String describe() {
        return "allow " + (allow.isEmpty() ? "nobody" : String.join(", ", allow.stream().map(Principal::text).toList()))
                + (deny.isEmpty() ? "" : "; deny " + String.join(", ", deny.stream().map(Principal::text).toList()));
    }
}
