/**
 * The default {@link io.drplan.core.spi.HttpProbe}: {@link io.drplan.core.http.JdkHttpProbe}, on
 * {@code java.net.http}, with the runbook's {@code curl -f} semantics.
 */
package io.drplan.core.http;
