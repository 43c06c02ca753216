/** The server configuration file ({@code openwinrm.toml}): loading, validation and the embedded defaults. */
package io.openwinrm.cli.config;
