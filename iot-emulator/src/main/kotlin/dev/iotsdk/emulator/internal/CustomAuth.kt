package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.AuthorizerRequest
import dev.iotsdk.emulator.CustomAuthorizer
import java.security.KeyFactory
import java.security.PublicKey
import java.security.Signature
import java.security.SignatureException
import java.security.spec.X509EncodedKeySpec
import java.util.Base64

internal class CustomAuthFailure(message: String) : Exception(message)

/** Runs custom authorizers (blocking; callers run it on the emulator's authorizer executor). */
internal class CustomAuthRunner(private val registry: Registry) {
    /**
     * @param params authorizer parameters (username query, or HTTP query + headers), lookup case-insensitive
     * @throws CustomAuthFailure when the connection must be refused
     */
    fun authorize(
        params: Map<String, String>,
        protocols: List<String>,
        serverName: String?,
        clientId: String?,
        username: String?,
        passwordBase64: String?,
        headers: Map<String, String>,
        queryString: String?,
        connectionId: String,
    ): AuthorizerOutcome {
        fun lookup(name: String): String? =
            params[name] ?: params.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value
        val name = lookup(NAME_PARAM)
        val authorizer: CustomAuthorizer =
            (if (name != null) registry.authorizers[name] else registry.defaultAuthorizer())
                ?: throw CustomAuthFailure(
                    if (name !=
                        null
                    ) {
                        "no custom authorizer named '$name'"
                    } else {
                        "no custom authorizer named and no default authorizer"
                    },
                )
        val token = authorizer.tokenKeyName?.let { lookup(it) }
        var verified = false
        val keyPem = authorizer.signingPublicKeyPem
        if (keyPem != null) {
            if (token ==
                null
            ) {
                throw CustomAuthFailure(
                    "authorizer '${authorizer.name}' requires token '${authorizer.tokenKeyName}'",
                )
            }
            val signature = lookup(SIGNATURE_PARAM) ?: throw CustomAuthFailure("missing $SIGNATURE_PARAM")
            verified = verifyRsaSha256(parsePublicKey(keyPem), token, signature)
            if (!verified) {
                throw CustomAuthFailure(
                    "token signature verification failed for authorizer '${authorizer.name}'",
                )
            }
        }
        val request = AuthorizerRequest(
            token = token,
            signatureVerified = verified,
            protocols = protocols,
            serverName = serverName,
            clientId = clientId,
            username = username,
            passwordBase64 = passwordBase64,
            headers = headers,
            queryString = queryString,
            connectionId = connectionId,
        )
        val result = try {
            authorizer.handler.authorize(request)
        } catch (e: Exception) {
            throw CustomAuthFailure("authorizer '${authorizer.name}' failed: ${e.javaClass.simpleName}")
        }
        if (!result.isAuthenticated) throw CustomAuthFailure("authorizer '${authorizer.name}' denied the connection")
        val principal = result.principalId
        if (principal != null &&
            !principal.matches(PRINCIPAL)
        ) {
            throw CustomAuthFailure("authorizer returned an invalid principalId")
        }
        val policies = result.policyDocuments.mapIndexed { i, doc ->
            try {
                Policy.parse("${authorizer.name}#$i", doc)
            } catch (e: IllegalArgumentException) {
                throw CustomAuthFailure("authorizer returned an invalid policy: ${e.message}")
            }
        }
        return AuthorizerOutcome(principal, policies, result.disconnectAfterInSeconds)
    }

    private fun parsePublicKey(pem: String): PublicKey {
        val der = Base64.getMimeDecoder().decode(pem.lines().filter { !it.startsWith("-----") }.joinToString(""))
        return KeyFactory.getInstance("RSA").generatePublic(X509EncodedKeySpec(der))
    }

    private fun verifyRsaSha256(key: PublicKey, token: String, signatureBase64: String): Boolean = try {
        val sig = Base64.getDecoder().decode(signatureBase64.trim())
        Signature.getInstance("SHA256withRSA").run {
            initVerify(key)
            update(token.toByteArray(Charsets.UTF_8))
            verify(sig)
        }
    } catch (e: IllegalArgumentException) {
        false
    } catch (e: SignatureException) {
        false
    }

    companion object {
        const val NAME_PARAM: String = "x-amz-customauthorizer-name"
        const val SIGNATURE_PARAM: String = "x-amz-customauthorizer-signature"
        private val PRINCIPAL = Regex("[a-zA-Z0-9]{1,128}")

        fun isAuthorizerParam(name: String, tokenKeys: Collection<String?>): Boolean =
            name.startsWith("x-amz-customauthorizer-", ignoreCase = true) ||
                tokenKeys.any { it != null && it.equals(name, ignoreCase = true) }
    }
}

/** Splits an MQTT username into the part before the first `?` and its query parameters (decoded). */
internal fun splitUsername(username: String?): Pair<String?, Map<String, String>> {
    if (username == null) return null to emptyMap()
    val q = username.indexOf('?')
    if (q < 0) return username to emptyMap()
    val params = LinkedHashMap<String, String>()
    parseQuery(username.substring(q + 1)).forEach { params.putIfAbsent(it.first, it.second) }
    return username.substring(0, q) to params
}
