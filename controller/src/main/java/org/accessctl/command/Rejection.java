package org.accessctl.command;

import java.util.Optional;

/**
 * A refused token.
 *
 * <p>{@code jti} and {@code operatorId} are reported when they could be read, so the operator who
 * sent the token can match the result to it and the event log can say who tried. They are what
 * the token <em>claims</em>: only when {@link #authenticated()} is true has the signature proved
 * that the operator really sent them. Both are at most 128 printable ASCII characters.
 *
 * @param detail a human-readable explanation for logs (no key material; token text shortened)
 * @param authenticated true when the signature was verified before the refusal, i.e. the
 *     operator signed this token and it was refused for what it says
 */
public record Rejection(RejectionReason reason, String detail, Optional<String> jti, Optional<String> operatorId,
                        boolean authenticated) implements Verification {

    @Override
    public boolean accepted() {
        return false;
    }
}
