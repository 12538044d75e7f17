package io.voiceagents.gateway.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Runs {@link GatewayConfigCheck} while configuration is loaded, so a missing TWILIO_AUTH_TOKEN or a bad
 * PUBLIC_BASE_URL stops the service before anything else starts (database migration included).
 */
@Documented
@Constraint(validatedBy = ValidGatewayConfig.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidGatewayConfig {

    String message() default "call-gateway configuration is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidGatewayConfig, GatewayConfig> {

        @Override
        public boolean isValid(GatewayConfig config, ConstraintValidatorContext context) {
            var problems = GatewayConfigCheck.problems(config);
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            problems.forEach(problem -> context.buildConstraintViolationWithTemplate(escape(problem)).addConstraintViolation());
            return false;
        }

        /** Messages are EL templates: braces and dollars in a configured value must not be interpreted. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
