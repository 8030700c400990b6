/**
 * Pure parsers for the kernel's text formats: functions from {@code String}/{@code byte[]} to records,
 * no files, no archive types. Each parser's javadoc shows the real lines it reads; tests run them on
 * verbatim text captured from a real kernel ({@code src/test/resources/parse/}). Malformed text raises
 * {@link io.procsnap.replay.parse.ParseException} naming the file kind, the line and the bad text.
 *
 * <p>Numbers the kernel prints as unsigned 64-bit values above {@code Long.MAX_VALUE} keep their 64 bits
 * (read them back with {@code Long.toUnsignedString}); fields a kernel does not print are -1.
 */
package io.procsnap.replay.parse;
