module.exports = require("./make.js")("SambaUser");
