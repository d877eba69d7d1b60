/** Notifiers: to the log and to a webhook (Slack-compatible). */
package io.drplan.core.notify;
