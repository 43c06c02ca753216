/** Immutable configuration records of the server runtime. */
package io.openwinrm.server.config;
