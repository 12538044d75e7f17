package io.voiceagents.outbound.config;

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
 * Runs {@link OutboundConfigCheck} while configuration is loaded, so a missing TWILIO_AUTH_TOKEN or a bad
 * PUBLIC_BASE_URL stops the service before anything else starts (database migration included).
 */
@Documented
@Constraint(validatedBy = ValidOutboundConfig.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidOutboundConfig {

    String message() default "outbound-service configuration is invalid";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidOutboundConfig, OutboundConfig> {

        @Override
        public boolean isValid(OutboundConfig config, ConstraintValidatorContext context) {
            var problems = OutboundConfigCheck.problems(config);
            if (problems.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            problems.forEach(problem -> context.buildConstraintViolationWithTemplate(escape(problem))
                    .addConstraintViolation());
            return false;
        }

        /** Messages are EL templates: braces and dollars in a configured value must not be interpreted. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
