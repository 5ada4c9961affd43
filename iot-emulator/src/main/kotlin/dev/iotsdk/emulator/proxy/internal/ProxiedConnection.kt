package dev.iotsdk.emulator.proxy.internal

import java.io.IOException
import java.io.InputStream
import java.io.OutputStream
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * One client socket and its upstream socket, with a reading and a writing thread per direction.
 *
 * A clean end of stream on one side is forwarded as a half-close (`shutdownOutput`) to the other, and the pair is
 * closed once both directions ended. Any I/O error, or a refused upstream, aborts the pair with a reset.
 */
internal class ProxiedConnection(
    private val id: Long,
    private val client: Socket,
    private val target: () -> InetSocketAddress,
    faults: FaultSettings,
    private val threads: ProxyThreads,
    private val bytesUpstream: AtomicLong,
    private val bytesDownstream: AtomicLong,
    private val onClosed: (ProxiedConnection) -> Unit,
) {
    private val toUpstream = ChunkPipe(faults, PIPE_CAPACITY_BYTES)
    private val toClient = ChunkPipe(faults, PIPE_CAPACITY_BYTES)
    private val upstream = Socket()
    private val finishedDirections = AtomicInteger()
    private val lock = Any()
    private var closed = false

    /** Connects upstream on a new thread, then forwards in both directions. */
    fun start() {
        threads.start("conn$id-connect") {
            try {
                client.tcpNoDelay = true
                upstream.tcpNoDelay = true
                upstream.connect(target(), CONNECT_TIMEOUT_MILLIS)
            } catch (e: IOException) {
                close(abort = true)
                return@start
            }
            val started = synchronized(lock) {
                if (closed) return@start
                try {
                    // the streams are taken here, under the lock: a cut closes the sockets only after this
                    val clientIn = client.getInputStream()
                    val clientOut = client.getOutputStream()
                    val upstreamIn = upstream.getInputStream()
                    val upstreamOut = upstream.getOutputStream()
                    threads.start("conn$id-c2u-read") { read(clientIn, toUpstream) }
                    threads.start("conn$id-c2u-write") { write(toUpstream, upstream, upstreamOut, bytesUpstream) }
                    threads.start("conn$id-u2c-read") { read(upstreamIn, toClient) }
                    threads.start("conn$id-u2c-write") { write(toClient, client, clientOut, bytesDownstream) }
                    true
                } catch (e: IOException) {
                    false
                }
            }
            if (!started) close(abort = true)
        }
    }

    /** Lets waiting writers re-check the faults. */
    fun wake() {
        toUpstream.wake()
        toClient.wake()
    }

    /** Closes both sockets, with a TCP reset when [abort] is set. Idempotent. */
    fun close(abort: Boolean) {
        synchronized(lock) {
            if (closed) return
            closed = true
        }
        toUpstream.close()
        toClient.close()
        closeSocket(client, abort)
        closeSocket(upstream, abort)
        onClosed(this)
    }

    private fun read(input: InputStream, pipe: ChunkPipe) {
        val buffer = ByteArray(READ_BUFFER_BYTES)
        try {
            while (true) {
                val count = input.read(buffer)
                if (count < 0) {
                    pipe.put(null)
                    return
                }
                if (!pipe.put(buffer.copyOf(count))) return
            }
        } catch (e: IOException) {
            close(abort = true)
        }
    }

    private fun write(pipe: ChunkPipe, socket: Socket, output: OutputStream, counter: AtomicLong) {
        try {
            while (true) {
                val bytes = pipe.take() ?: return
                if (bytes === ChunkPipe.END_OF_STREAM) {
                    socket.shutdownOutput()
                    if (finishedDirections.incrementAndGet() == 2) close(abort = false)
                    return
                }
                output.write(bytes)
                counter.addAndGet(bytes.size.toLong())
            }
        } catch (e: IOException) {
            close(abort = true)
        }
    }

    private companion object {
        const val READ_BUFFER_BYTES = 16 * 1024
        const val PIPE_CAPACITY_BYTES = 1024 * 1024
        const val CONNECT_TIMEOUT_MILLIS = 10_000

        fun closeSocket(socket: Socket, abort: Boolean) {
            try {
                if (abort && !socket.isClosed) socket.setSoLinger(true, 0)
            } catch (e: IOException) {
                // already reset by the peer: closing below is all that is left to do
            }
            try {
                socket.close()
            } catch (e: IOException) {
                // nothing more can be released
            }
        }
    }
}
