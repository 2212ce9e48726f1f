package dev.backprop.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is making the request: an API key ({@code id} "key:" and the key's id) or a JWT subject
 * ("jwt:" and the subject), with its role.
 */
public record Caller(String id, String name, Role role) {

    /** The caller of the current request, if it was authenticated. */
    public static Optional<Caller> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The id of the current request's caller, or null outside an authenticated request. */
    public static String currentId() {
        return current().map(Caller::id).orElse(null);
    }

    static Optional<Caller> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        return highest(authentication).map(role -> new Caller("jwt:" + authentication.getName(),
                authentication.getName(), role));
    }

    /** The highest role among an authentication's authorities. */
    static Optional<Role> highest(Authentication authentication) {
        Role best = null;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            for (Role role : Role.values()) {
                if (role.authority().equals(authority.getAuthority()) && (best == null || role.includes(best))) {
                    best = role;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
