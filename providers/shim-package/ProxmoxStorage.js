module.exports = require("./make.js")("ProxmoxStorage");
