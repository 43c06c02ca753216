/**
 * Endpoint access control: principals ({@code user:}, {@code group:}, administrators, everyone), access lists with
 * deny-wins evaluation, and JEA role definitions mapping principals to role capabilities.
 */
package io.openwinrm.policy.access;
