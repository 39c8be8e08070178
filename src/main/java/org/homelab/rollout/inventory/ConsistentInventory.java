package org.homelab.rollout.inventory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The checks that span several properties (addresses in the network, placement on known
 * nodes, …).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = InventoryConsistencyValidator.class)
@interface ConsistentInventory {

	String message() default "inconsistent inventory";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
