package dev.iotsdk.emulator.mosquitto

import java.nio.file.Path
import java.security.PrivateKey
import java.security.cert.X509Certificate

/**
 * A client certificate and its EC P-256 private key, signed by a [MosquittoBroker]'s own test CA, so the broker's
 * mutual-TLS listener accepts it. The files live in the broker's temporary folder and are deleted when the broker
 * stops.
 */
public class ClientCertificate internal constructor(
    /** The subject's common name, as passed to [MosquittoBroker.issueClientCertificate]. */
    public val commonName: String,
    /** The certificate. */
    public val certificate: X509Certificate,
    /** The certificate's private key. */
    public val privateKey: PrivateKey,
    /** The certificate in PEM (`-----BEGIN CERTIFICATE-----`). */
    public val certificatePem: String,
    /** The private key in unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
    public val privateKeyPem: String,
    /** Where [certificatePem] is written. */
    public val certificatePath: Path,
    /** Where [privateKeyPem] is written. */
    public val privateKeyPath: Path,
) {
    /** Names the certificate; never prints the key. */
    override fun toString(): String = "ClientCertificate(CN=$commonName, $certificatePath)"
}
