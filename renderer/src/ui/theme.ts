import { darken, type CSSVariablesResolver } from '@mantine/core';

/**
 * Colours that pass WCAG 2.1 AA (issue 17, checked by axe-core in the e2e suite): Mantine's
 * defaults put white on blue at 3.55:1, dimmed grey on white at 3.3:1 and green on light green
 * at 3.8:1. Every theme colour's filled, text, outline and light-variant text use its darkest
 * shade, darkened further (at least 4.5:1 against white and the light tints); dimmed text is
 * gray 7, errors and links as dark. Light scheme only: the workstation has no dark scheme.
 */
export const accessibleColours: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': theme.colors.gray[7]!,
    '--mantine-color-error': darken(theme.colors.red[9]!, 0.25),
    '--mantine-color-anchor': darken(theme.colors.blue[9]!, 0.25),
  };
  for (const [name, shades] of Object.entries(theme.colors)) {
    const strong = darken(shades[9]!, 0.25);
    light[`--mantine-color-${name}-filled`] = strong;
    light[`--mantine-color-${name}-filled-hover`] = darken(shades[9]!, 0.35);
    light[`--mantine-color-${name}-text`] = strong;
    light[`--mantine-color-${name}-outline`] = strong;
    light[`--mantine-color-${name}-light-color`] = darken(shades[9]!, 0.3);
  }
  return { variables: {}, light, dark: {} };
};
