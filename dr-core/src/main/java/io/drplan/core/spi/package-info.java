/**
 * The provider SPI: one interface per kind of resource the runbook touches (databases, caches,
 * object storage, DNS, load balancers, container registries, region health, clusters,
 * infrastructure as code, HTTP), plus locks, approvals, notifications and journal stores. Methods
 * are single calls that return at once; the engine does the waiting. dr-aws, dr-k8s and the
 * testkit implement them; no AWS or fabric8 type appears here.
 */
package io.drplan.core.spi;
