package dev.iotsdk.auth.internal

import java.security.GeneralSecurityException
import java.security.PrivateKey
import java.security.PublicKey
import java.security.SecureRandom
import java.security.Signature
import java.security.interfaces.RSAPrivateCrtKey
import java.security.interfaces.RSAPublicKey

/** Whether a private key belongs to a certificate's public key: sign a random challenge and verify it. */
internal object KeyPairCheck {
    fun matches(privateKey: PrivateKey, publicKey: PublicKey): Boolean {
        if (privateKey is RSAPrivateCrtKey && publicKey is RSAPublicKey) {
            return privateKey.modulus == publicKey.modulus && privateKey.publicExponent == publicKey.publicExponent
        }
        val algorithm = when (privateKey.algorithm) {
            "RSA" -> "SHA256withRSA"
            "EC" -> "SHA256withECDSA"
            "Ed25519", "EdDSA" -> "Ed25519"
            "Ed448" -> "Ed448"
            else -> return privateKey.algorithm == publicKey.algorithm
        }
        if (publicKey.algorithm != privateKey.algorithm &&
            !(privateKey.algorithm.startsWith("Ed") && publicKey.algorithm.startsWith("Ed"))
        ) {
            return false
        }
        return try {
            val challenge = ByteArray(32).also { SecureRandom().nextBytes(it) }
            val signature = Signature.getInstance(algorithm).run {
                initSign(privateKey)
                update(challenge)
                sign()
            }
            Signature.getInstance(algorithm).run {
                initVerify(publicKey)
                update(challenge)
                verify(signature)
            }
        } catch (e: GeneralSecurityException) {
            false
        }
    }
}
