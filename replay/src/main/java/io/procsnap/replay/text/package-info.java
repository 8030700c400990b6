/**
 * Wording shared by the rules and the renderers (byte sizes), so that rules, which return data, need
 * nothing of the renderers.
 */
package io.procsnap.replay.text;
