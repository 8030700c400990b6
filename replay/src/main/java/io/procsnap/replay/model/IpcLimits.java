package io.procsnap.replay.model;

import java.util.List;

/**
 * SysV IPC limits from {@code proc/sys/kernel/*}.
 *
 * @param msgmnb default byte limit of a new queue ({@code msg_qbytes})
 * @param msgmax largest message
 * @param msgmni most queues
 * @param sem    {@code SEMMSL SEMMNS SEMOPM SEMMNI}
 * @param shmmax largest segment, bytes: the kernel's unsigned long as its 64 bits (the default,
 *               18446744073692774399, is above {@code Long.MAX_VALUE} and reads as a negative long: print it
 *               with {@link Long#toUnsignedString(long)}, compare with {@link Long#compareUnsigned})
 * @param shmall total pages, unsigned like {@code shmmax}
 * @param shmmni most segments
 */
public record IpcLimits(Sourced<Long> msgmnb, Sourced<Long> msgmax, Sourced<Long> msgmni, Sourced<List<Long>> sem,
                        Sourced<Long> shmmax, Sourced<Long> shmall, Sourced<Long> shmmni) {
}
