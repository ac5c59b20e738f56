/** producer_version written into exported models; a test keeps it equal to package.json's version. */
export const PACKAGE_VERSION = '0.1.0';
