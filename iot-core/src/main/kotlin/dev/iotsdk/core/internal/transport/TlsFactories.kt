package dev.iotsdk.core.internal.transport

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import java.security.KeyStore
import java.security.Provider
import javax.net.ssl.KeyManager
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.KeyManagerFactorySpi
import javax.net.ssl.ManagerFactoryParameters
import javax.net.ssl.TrustManager
import javax.net.ssl.TrustManagerFactory
import javax.net.ssl.TrustManagerFactorySpi

/** Wraps iot-auth's key and trust managers into the JSSE factories that HiveMQ's TLS configuration takes. */
internal object TlsFactories {
    // Provider(String, double, String): deprecated on JDK 9+, but Android API 26 has no Provider(String, String,
    // String);
    // both JDK and Android honour it.
    @Suppress("DEPRECATION")
    private val provider = object : Provider("iotsdk", 1.0, "iotsdk key material adapter") {}

    fun keyManagerFactory(identity: TlsIdentity): KeyManagerFactory =
        FixedKeyManagerFactory(arrayOf(identity.keyManager()), provider)

    fun trustManagerFactory(trust: TrustMaterial): TrustManagerFactory =
        FixedTrustManagerFactory(arrayOf(trust.trustManager()), provider)

    private class FixedKeyManagerFactory(managers: Array<KeyManager>, provider: Provider) :
        KeyManagerFactory(KeySpi(managers), provider, "iotsdk")

    private class KeySpi(private val managers: Array<KeyManager>) : KeyManagerFactorySpi() {
        override fun engineInit(ks: KeyStore?, password: CharArray?) = Unit
        override fun engineInit(spec: ManagerFactoryParameters?) = Unit
        override fun engineGetKeyManagers(): Array<KeyManager> = managers.clone()
    }

    private class FixedTrustManagerFactory(managers: Array<TrustManager>, provider: Provider) :
        TrustManagerFactory(TrustSpi(managers), provider, "iotsdk")

    private class TrustSpi(private val managers: Array<TrustManager>) : TrustManagerFactorySpi() {
        override fun engineInit(ks: KeyStore?) = Unit
        override fun engineInit(spec: ManagerFactoryParameters?) = Unit
        override fun engineGetTrustManagers(): Array<TrustManager> = managers.clone()
    }
}
