/**
 * Attacks on a real server: each test starts {@code openwinrm serve} as a process of its own ({@link
 * io.openwinrm.attack.ServerProcess}) and attacks it the way the reproduction of a security finding did (issue 9),
 * then checks that the attack is refused and that a legitimate client is still served in the same run.
 */
package io.openwinrm.attack;
