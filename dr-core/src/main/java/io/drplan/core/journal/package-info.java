/** Journal stores shipped with dr-core: files (the default for real runs) and memory. */
package io.drplan.core.journal;
