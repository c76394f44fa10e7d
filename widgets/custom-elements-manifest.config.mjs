// `npm run manifest`: custom-elements.json from the components' JSDoc (@event, @csspart, @cssproperty).
export default {
  globs: ['src/components/**/*.component.ts', 'src/internal/edu-element.ts'],
  outdir: '.',
  litelement: true,
  // package.json names custom-elements.json itself; the analyzer would write its --outdir there.
  packagejson: false,
  plugins: [
    {
      // Internal reactive state (private and protected fields) is neither an attribute nor public API.
      name: 'edu-public-api-only',
      packageLinkPhase({ customElementsManifest }) {
        // Modules in path order: the analyzer lists them in the file system's order, which differs between checkouts.
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            const hidden = new Set((declaration.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected' || m.name.startsWith('#')).map((m) => m.name))
            declaration.members = (declaration.members ?? []).filter((m) => !hidden.has(m.name))
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName))
          }
        }
      },
    },
  ],
}
