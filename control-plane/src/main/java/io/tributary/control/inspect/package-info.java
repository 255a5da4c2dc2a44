/**
 * What an account's nodes say about it now — usage, streams, messages, consumers, Key/Value and
 * Object Store buckets — read through a short-lived, read-only user the control plane signs for the
 * account (and audits), for the web console and the CLI.
 */
package io.tributary.control.inspect;
