/** Implementation of dr-k8s; not API, may change in any release. */
package io.drplan.k8s.internal;
