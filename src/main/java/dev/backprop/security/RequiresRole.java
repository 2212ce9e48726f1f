package dev.backprop.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a caller needs for a handler method, or for every handler of a controller that does not say
 * otherwise on the method. The check runs on the handler Spring MVC matched, after routing and before the
 * request's body or parameters are read, so no spelling of a path can reach a handler without its role.
 * Every handler of the service carries this or {@link OpenToAll}; one with neither is refused to all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {

    Role value();
}
