package dev.iotsdk.core.internal.durable

import dev.iotsdk.core.DurableQueueLockedException
import java.nio.channels.FileChannel
import java.nio.channels.FileLock
import java.nio.channels.OverlappingFileLockException
import java.nio.file.Path
import java.nio.file.StandardOpenOption

/**
 * The exclusive lock on a durable queue directory (a [FileLock] on its file `lock`): one client at a time, whether the
 * other one is in this JVM or another process. The operating system releases it when the process dies.
 */
internal class DirectoryLock private constructor(private val channel: FileChannel, private val lock: FileLock) {
    fun release() {
        runCatching { lock.release() }
        channel.close()
    }

    companion object {
        const val FILE_NAME = "lock"

        /** @throws DurableQueueLockedException if another client holds [directory]. */
        fun acquire(directory: Path): DirectoryLock {
            val channel = FileChannel.open(
                directory.resolve(FILE_NAME),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
            )
            val lock = try {
                channel.tryLock()
            } catch (_: OverlappingFileLockException) {
                null
            } catch (e: java.io.IOException) {
                channel.close()
                throw e
            }
            if (lock == null) {
                channel.close()
                throw DurableQueueLockedException(directory.toString())
            }
            return DirectoryLock(channel, lock)
        }
    }
}
