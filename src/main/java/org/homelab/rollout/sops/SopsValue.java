package org.homelab.rollout.sops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One value as SOPS hashes and encrypts it (sops.ToBytes, aes.Cipher.Encrypt): its bytes
 * (booleans {@code True}/{@code False}, floats without exponent or trailing zeros) and
 * its SOPS type.
 */
record SopsValue(byte[] bytes, String type) {

	static SopsValue of(Object value, List<String> path) {
		if (value instanceof String s) {
			return new SopsValue(s.getBytes(StandardCharsets.UTF_8), "str");
		}
		if (value instanceof Integer || value instanceof Long) {
			return new SopsValue(value.toString().getBytes(StandardCharsets.US_ASCII), "int");
		}
		if (value instanceof Boolean b) {
			return new SopsValue((b ? "True" : "False").getBytes(StandardCharsets.US_ASCII), "bool");
		}
		if (value instanceof Double d && Double.isFinite(d)) {
			String text = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
			return new SopsValue(text.getBytes(StandardCharsets.US_ASCII), "float");
		}
		throw new IllegalArgumentException("the value at " + String.join(".", path) + " is a "
				+ ((value instanceof BigInteger) ? "number beyond 64 bits" : value.getClass().getSimpleName())
				+ ", which this SOPS encryption does not carry: quote it to make it a string");
	}

	/** Empty strings stay as they are in SOPS files. */
	boolean empty() {
		return this.bytes.length == 0 && this.type.equals("str");
	}

	/**
	 * {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}: AES-256-GCM with a random 32-byte
	 * IV (SOPS's nonce size), a 16-byte tag, {@code additionalData} authenticated.
	 */
	String encrypt(byte[] dataKey, String additionalData, SecureRandom random) {
		try {
			byte[] iv = new byte[32];
			random.nextBytes(iv);
			Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
			gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
			gcm.updateAAD(additionalData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = gcm.doFinal(this.bytes);
			Base64.Encoder b64 = Base64.getEncoder();
			int split = sealed.length - 16;
			return "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOfRange(sealed, 0, split)) + ",iv:"
					+ b64.encodeToString(iv) + ",tag:"
					+ b64.encodeToString(Arrays.copyOfRange(sealed, split, sealed.length)) + ",type:" + this.type + "]";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available in this JVM: " + ex.getMessage(), ex);
		}
	}

}
