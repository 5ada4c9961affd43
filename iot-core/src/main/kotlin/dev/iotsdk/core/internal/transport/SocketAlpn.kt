package dev.iotsdk.core.internal.transport

import dev.iotsdk.core.internal.JdkOnly
import java.io.ByteArrayOutputStream
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Method
import java.lang.reflect.Modifier
import javax.net.ssl.SSLParameters
import javax.net.ssl.SSLSocket

/**
 * Offers ALPN on an [SSLSocket] and reads what the server selected, through whichever API the runtime has:
 *
 * | Strategy | API | Runtimes |
 * |---|---|---|
 * | [Standard] | `SSLParameters.setApplicationProtocols`, `SSLSocket.getApplicationProtocol` | JDK 9+, Android 10 (API 29)+ |
 * | [ConscryptFacade] | `org.conscrypt.Conscrypt.setApplicationProtocols` (reflection) | sockets of an app-bundled Conscrypt |
 * | [SocketMethods] | the socket's own `setAlpnProtocols(byte[])`, `getAlpnSelectedProtocol()` (reflection) | Android 8-9 platform sockets (`com.android.org.conscrypt.OpenSSLSocketImpl`), Conscrypt sockets |
 *
 * [forSocket] picks one, or returns `null` when this socket cannot offer ALPN (the caller must then refuse to connect).
 * The reflective strategies throw `ReflectiveOperationException` when a looked-up method cannot be called.
 */
internal sealed class SocketAlpn {
    /** Sets [params] on [socket] with ALPN [protocols] offered; call before the handshake. */
    abstract fun configure(socket: SSLSocket, params: SSLParameters, protocols: Array<String>)

    /** The protocol the server selected, or `null` if it selected none; call after the handshake. */
    abstract fun selected(socket: SSLSocket): String?

    /** The JSSE API of JDK 9+ and Android API 29+; [forSocket] picks it only where [standardAvailable]. */
    @JdkOnly
    object Standard : SocketAlpn() {
        override fun configure(socket: SSLSocket, params: SSLParameters, protocols: Array<String>) {
            params.applicationProtocols = protocols
            socket.sslParameters = params
        }

        override fun selected(socket: SSLSocket): String? = socket.applicationProtocol?.takeIf { it.isNotEmpty() }
    }

    /** `org.conscrypt.Conscrypt`'s static ALPN methods, for sockets that `Conscrypt.isConscrypt` accepts. */
    class ConscryptFacade private constructor(private val set: Method, private val get: Method) : SocketAlpn() {
        override fun configure(socket: SSLSocket, params: SSLParameters, protocols: Array<String>) {
            socket.sslParameters = params
            invoke(set, null, socket, protocols)
        }

        override fun selected(socket: SSLSocket): String? = (invoke(get, null, socket) as String?)?.takeIf {
            it.isNotEmpty()
        }

        companion object {
            private val methods: List<Method>? by lazy {
                try {
                    val c = Class.forName("org.conscrypt.Conscrypt")
                    listOf(
                        c.getMethod("isConscrypt", SSLSocket::class.java),
                        c.getMethod("setApplicationProtocols", SSLSocket::class.java, Array<String>::class.java),
                        c.getMethod("getApplicationProtocol", SSLSocket::class.java),
                    )
                } catch (_: ReflectiveOperationException) {
                    null
                } catch (_: LinkageError) {
                    null
                }
            }

            /** The facade when Conscrypt is on the classpath and owns [socket]. */
            fun of(socket: SSLSocket): ConscryptFacade? {
                val (isConscrypt, set, get) = methods ?: return null
                return if (invoke(isConscrypt, null, socket) == true) ConscryptFacade(set, get) else null
            }
        }
    }

    /** The public `setAlpnProtocols(byte[])` / `getAlpnSelectedProtocol()` of Conscrypt's socket classes. */
    class SocketMethods private constructor(private val set: Method, private val get: Method) : SocketAlpn() {
        override fun configure(socket: SSLSocket, params: SSLParameters, protocols: Array<String>) {
            socket.sslParameters = params
            invoke(set, socket, wireFormat(protocols))
        }

        override fun selected(socket: SSLSocket): String? =
            (invoke(get, socket) as ByteArray?)?.takeIf { it.isNotEmpty() }?.toString(Charsets.US_ASCII)

        companion object {
            /** The methods on the nearest public class of [socket] that declares both, or `null`. */
            fun of(socket: SSLSocket): SocketMethods? = generateSequence<Class<*>>(socket.javaClass) { it.superclass }
                .filter { Modifier.isPublic(it.modifiers) }
                .firstNotNullOfOrNull { c ->
                    val set = publicMethod(c, "setAlpnProtocols", ByteArray::class.java)
                    val get = publicMethod(c, "getAlpnSelectedProtocol")
                    if (set != null && get != null) SocketMethods(set, get) else null
                }

            private fun publicMethod(c: Class<*>, name: String, vararg types: Class<*>): Method? = try {
                c.getMethod(name, *types).takeIf { Modifier.isPublic(it.declaringClass.modifiers) }
            } catch (_: NoSuchMethodException) {
                null
            }

            /** The TLS wire form of an ALPN list: each name preceded by its length in one byte. */
            fun wireFormat(protocols: Array<String>): ByteArray {
                val out = ByteArrayOutputStream()
                for (p in protocols) {
                    val bytes = p.toByteArray(Charsets.US_ASCII)
                    require(bytes.size in 1..MAX_NAME) { "ALPN protocol names are 1 to $MAX_NAME bytes: '$p'" }
                    out.write(bytes.size)
                    out.write(bytes)
                }
                return out.toByteArray()
            }

            private const val MAX_NAME = 255
        }
    }

    companion object {
        /** Whether `SSLParameters.setApplicationProtocols` exists here (JDK 9+, Android API 29+). */
        val standardAvailable: Boolean by lazy {
            try {
                SSLParameters::class.java.getMethod("setApplicationProtocols", Array<String>::class.java)
                true
            } catch (_: NoSuchMethodException) {
                false
            }
        }

        /**
         * The strategy for [socket]: [Standard] where the runtime has it ([useStandard], by default
         * [standardAvailable]), else Conscrypt's ([ConscryptFacade], then [SocketMethods]); `null` if none applies.
         */
        fun forSocket(socket: SSLSocket, useStandard: Boolean = standardAvailable): SocketAlpn? =
            if (useStandard) Standard else ConscryptFacade.of(socket) ?: SocketMethods.of(socket)

        /**
         * Calls [method]; what it throws passes through unwrapped when unchecked or an `IOException` (a handshake or
         * network failure), else as the `ReflectiveOperationException` the caller maps to `AlpnUnavailableException`.
         */
        private fun invoke(method: Method, target: Any?, vararg args: Any?): Any? = try {
            method.invoke(target, *args)
        } catch (e: InvocationTargetException) {
            when (val cause = e.targetException) {
                is java.io.IOException, is RuntimeException, is Error -> throw cause
                else -> throw e
            }
        }
    }
}
