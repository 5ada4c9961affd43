package dev.iotsdk.emulator.internal

import org.bouncycastle.asn1.ASN1ObjectIdentifier
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x500.style.BCStyle
import java.security.cert.X509Certificate

/**
 * The condition keys (and policy variables) of a connection beyond its client id and thing name (DG "Thing policy
 * variables", "X.509 certificate AWS IoT Core policy variables", IAM global keys): `iot:Connection.Thing.ThingTypeName`
 * and `iot:Connection.Thing.Attributes[<name>]` from the registry as they are now, `iot:Certificate.Subject.*`,
 * `.Issuer.*`, `.SubjectAlternativeName.*`, `.SerialNumber`, `.Validity.NotBefore`/`.NotAfter` from the client
 * certificate, and `aws:SourceIp`.
 */
internal class ConditionKeys(private val registry: Registry) {
    fun of(thingName: String?, certificateId: String?, sourceIp: String?): (String) -> List<String>? {
        val certificate = lazy { certificateId?.let { registry.certificates[it]?.certificate }?.let(::certificateKeys) }
        return { key ->
            when {
                key == "iot:Connection.Thing.ThingTypeName" -> thingName?.let(registry::thingType)?.let(::listOf)
                key.startsWith(ATTRIBUTES) && key.endsWith("]") ->
                    thingName
                        ?.let { registry.thingAttributes(it)[key.substring(ATTRIBUTES.length, key.length - 1)] }
                        ?.let(::listOf)
                key.startsWith(CERTIFICATE) -> certificate.value?.get(key)
                key == "aws:SourceIp" -> sourceIp?.let(::listOf)
                else -> null
            }
        }
    }

    private fun certificateKeys(certificate: X509Certificate): Map<String, List<String>> {
        val keys = HashMap<String, List<String>>()
        fun names(prefix: String, name: X500Name) = NAME_ATTRIBUTES.forEach { (key, oid) ->
            val values = name.getRDNs(oid).flatMap { rdn -> rdn.typesAndValues.map { it.value.toString() } }
            if (values.isNotEmpty()) keys["$CERTIFICATE$prefix.$key"] = values
        }
        names("Subject", X500Name.getInstance(certificate.subjectX500Principal.encoded))
        names("Issuer", X500Name.getInstance(certificate.issuerX500Principal.encoded))
        certificate.subjectAlternativeNames.orEmpty().groupBy({ it[0] as Int }, { it[1].toString() })
            .forEach { (type, values) ->
                SAN_TYPES[type]?.let {
                    keys["${CERTIFICATE}Subject.AlternativeName.$it"] =
                        values
                }
            }
        keys["${CERTIFICATE}SerialNumber"] = listOf(certificate.serialNumber.toString())
        keys["${CERTIFICATE}Validity.NotBefore"] = listOf(certificate.notBefore.toInstant().toString())
        keys["${CERTIFICATE}Validity.NotAfter"] = listOf(certificate.notAfter.toInstant().toString())
        return keys
    }

    private companion object {
        const val ATTRIBUTES = "iot:Connection.Thing.Attributes["
        const val CERTIFICATE = "iot:Certificate."
        val NAME_ATTRIBUTES: Map<String, ASN1ObjectIdentifier> = mapOf(
            "CommonName" to BCStyle.CN,
            "Organization" to BCStyle.O,
            "OrganizationalUnit" to BCStyle.OU,
            "Country" to BCStyle.C,
            "State" to BCStyle.ST,
            "Locality" to BCStyle.L,
            "SerialNumber" to BCStyle.SERIALNUMBER,
            "Title" to BCStyle.T,
            "Surname" to BCStyle.SURNAME,
            "GivenName" to BCStyle.GIVENNAME,
            "Initials" to BCStyle.INITIALS,
            "Pseudonym" to BCStyle.PSEUDONYM,
            "GenerationQualifier" to BCStyle.GENERATION,
            "DistinguishedNameQualifier" to BCStyle.DN_QUALIFIER,
        )
        val SAN_TYPES = mapOf(1 to "RFC822Name", 2 to "DNSName", 6 to "UniformResourceIdentifier", 7 to "IPAddress")
    }
}
