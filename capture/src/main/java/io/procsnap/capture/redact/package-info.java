/** Masking secrets (passwords, tokens, credentials in URLs) in command lines before they are archived. */
package io.procsnap.capture.redact;
