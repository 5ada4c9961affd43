package dev.iotsdk.auth.internal

import java.net.Socket
import java.security.Principal
import java.security.PrivateKey
import java.security.cert.X509Certificate
import javax.net.ssl.SSLEngine
import javax.net.ssl.X509ExtendedKeyManager

/** A key manager holding exactly one key and its certificate chain, offered for any key type the key can serve. */
internal class SingleIdentityKeyManager(private val privateKey: PrivateKey, private val chain: List<X509Certificate>) :
    X509ExtendedKeyManager() {
    private val algorithm = privateKey.algorithm

    private fun serves(keyType: String?): Boolean {
        if (keyType == null) return false
        return keyType == algorithm ||
            keyType.startsWith(algorithm + "_") ||
            (algorithm == "RSA" && keyType == "RSASSA-PSS") ||
            (algorithm.startsWith("Ed") && (keyType == "EdDSA" || keyType.startsWith("Ed")))
    }

    private fun aliasFor(keyTypes: Array<out String>?): String? = if (keyTypes.orEmpty().any(::serves)) ALIAS else null

    override fun getClientAliases(keyType: String?, issuers: Array<out Principal>?): Array<String>? =
        if (serves(keyType)) arrayOf(ALIAS) else null

    override fun chooseClientAlias(
        keyType: Array<out String>?,
        issuers: Array<out Principal>?,
        socket: Socket?,
    ): String? = aliasFor(keyType)

    override fun chooseEngineClientAlias(
        keyType: Array<out String>?,
        issuers: Array<out Principal>?,
        engine: SSLEngine?,
    ): String? = aliasFor(keyType)

    override fun getServerAliases(keyType: String?, issuers: Array<out Principal>?): Array<String>? =
        if (serves(keyType)) arrayOf(ALIAS) else null

    override fun chooseServerAlias(keyType: String?, issuers: Array<out Principal>?, socket: Socket?): String? =
        if (serves(keyType)) ALIAS else null

    override fun chooseEngineServerAlias(
        keyType: String?,
        issuers: Array<out Principal>?,
        engine: SSLEngine?,
    ): String? = if (serves(keyType)) ALIAS else null

    override fun getCertificateChain(alias: String?): Array<X509Certificate>? =
        if (alias == ALIAS) chain.toTypedArray() else null

    override fun getPrivateKey(alias: String?): PrivateKey? = if (alias == ALIAS) privateKey else null

    private companion object {
        const val ALIAS = "iotsdk-identity"
    }
}
