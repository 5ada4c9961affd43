package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.CertificateStatus
import java.net.Socket
import java.security.cert.CertificateException
import java.security.cert.X509Certificate
import javax.net.ssl.SSLEngine
import javax.net.ssl.X509ExtendedTrustManager
import javax.net.ssl.X509TrustManager

/**
 * The server-side trust of every emulator listener that takes device certificates (the front door, Greengrass
 * cores): the chain must validate against the emulator CA ([pkix]) and name a registered, ACTIVE certificate.
 */
internal class RegisteredCertificateTrust(private val pkix: X509TrustManager, private val registry: Registry) :
    X509ExtendedTrustManager() {
    private fun check(chain: Array<out X509Certificate>, authType: String) {
        pkix.checkClientTrusted(chain, authType)
        val id = chain[0].certificateId()
        val record = registry.certificates[id] ?: throw CertificateException("certificate $id is not registered")
        if (record.status != CertificateStatus.ACTIVE) throw CertificateException("certificate $id is ${record.status}")
    }

    override fun checkClientTrusted(chain: Array<out X509Certificate>, authType: String) = check(chain, authType)
    override fun checkClientTrusted(chain: Array<out X509Certificate>, authType: String, socket: Socket?) =
        check(chain, authType)
    override fun checkClientTrusted(chain: Array<out X509Certificate>, authType: String, engine: SSLEngine?) =
        check(chain, authType)
    override fun checkServerTrusted(chain: Array<out X509Certificate>, authType: String): Unit =
        throw CertificateException("server role only")
    override fun checkServerTrusted(chain: Array<out X509Certificate>, authType: String, socket: Socket?): Unit =
        throw CertificateException("server role only")
    override fun checkServerTrusted(chain: Array<out X509Certificate>, authType: String, engine: SSLEngine?): Unit =
        throw CertificateException("server role only")
    override fun getAcceptedIssuers(): Array<X509Certificate> = pkix.acceptedIssuers
}
