package dev.iotsdk.auth

import dev.iotsdk.auth.internal.ProtocolRestrictedSslContext
import java.security.GeneralSecurityException
import javax.net.ssl.SSLContext

/**
 * Builds [SSLContext]s for AWS IoT connections: TLS 1.3 and 1.2 only, the device's [TlsIdentity] for mutual TLS,
 * the given [TrustMaterial] for the server.
 *
 * ```kotlin
 * val ctx = TlsContexts.sslContext(TlsIdentity.fromPemFiles(cert, key), TrustMaterial.fromPemFile(rootCa))
 * ```
 * ```java
 * SSLContext ctx = TlsContexts.sslContext(TlsIdentity.fromPemFiles(cert, key), TrustMaterial.system());
 * ```
 * Hostname verification is not done here: the connection layer sets the endpoint identification algorithm.
 */
public object TlsContexts {
    /** The protocols enabled, strongest first: `TLSv1.3` (where the JVM has it) and `TLSv1.2`. */
    public val protocols: List<String> = listOf("TLSv1.3", "TLSv1.2")

    /**
     * An initialised context whose engines, sockets and default parameters enable only [protocols].
     *
     * @param identity the client certificate and key for mutual TLS, or `null` (WebSocket/SigV4, custom authorizers).
     * @throws TlsMaterialException when the JVM supports neither TLS 1.3 nor TLS 1.2 or rejects the material.
     */
    @JvmStatic
    public fun sslContext(identity: TlsIdentity?, trust: TrustMaterial): SSLContext {
        val delegate = try {
            SSLContext.getInstance("TLS").apply {
                init(identity?.let { arrayOf(it.keyManager()) }, arrayOf(trust.trustManager()), null)
            }
        } catch (e: GeneralSecurityException) {
            throw TlsMaterialException("Cannot initialise TLS: ${e.message}", e)
        }
        val supported = delegate.supportedSSLParameters.protocols.toSet()
        val enabled = protocols.filter { it in supported }.toTypedArray()
        if (enabled.isEmpty()) {
            throw TlsMaterialException(
                "This JVM supports neither TLS 1.3 nor TLS 1.2 (it offers ${supported.sorted()}); AWS IoT requires " +
                    "TLS 1.2 or later, upgrade the JVM",
            )
        }
        return ProtocolRestrictedSslContext(delegate, enabled)
    }
}
